/* EXPECT: D_PROTO_LEN at 4:2: speculate takes an id. */
BEGIN
{
	speculate();
}

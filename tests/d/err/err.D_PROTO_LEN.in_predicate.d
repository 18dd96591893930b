/* EXPECT: D_PROTO_LEN at 3:2: strlen() without argument in a predicate. */
BEGIN
/strlen() == 0/
{
	trace(1);
}

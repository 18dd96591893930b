/* EXPECT: D_PROTO_LEN at 4:8: rand() takes no argument. */
BEGIN
{
	trace(rand(1));
}

/* EXPECT: D_PROTO_LEN at 4:2: printa() with no arguments. */
BEGIN
{
	printa();
	exit(0);
}

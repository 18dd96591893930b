/* EXPECT: D_PROTO_LEN at 4:2: strtok() takes the string and the delimiters. */
BEGIN
{
	strtok("a b");
}

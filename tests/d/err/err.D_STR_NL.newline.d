/* EXPECT: D_STR_NL at 4:9: a string cannot span lines. */
BEGIN
{
	printf("hello
");
}

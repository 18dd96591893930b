/* EXPECT: D_SYNTAX at 4:14: a format cannot end in a lone %. */
BEGIN
{
	printf("abc %");
}

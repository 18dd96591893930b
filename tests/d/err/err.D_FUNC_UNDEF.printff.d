/* EXPECT: D_FUNC_UNDEF at 4:2: printff is no action. */
BEGIN
{
	printff("x");
}

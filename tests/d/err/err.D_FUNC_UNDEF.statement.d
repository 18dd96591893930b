/* EXPECT: D_FUNC_UNDEF at 4:2: foo() is no action or subroutine. */
BEGIN
{
	foo();
}

/* EXPECT: D_ADDROF_VAR at 7:8: a D variable has no kernel address. */
int i;

BEGIN
{
	i = 10;
	trace(&i);
}

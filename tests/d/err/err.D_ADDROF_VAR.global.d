/* EXPECT: D_ADDROF_VAR at 5:8: the address of a D variable. */
BEGIN
{
	n = 1;
	trace(&n);
}

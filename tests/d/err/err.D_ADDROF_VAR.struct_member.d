/* EXPECT: D_ADDROF_VAR at 9:8: a member of a struct variable has no kernel address. */
struct point {
	int x;
};
struct point pt;

BEGIN
{
	trace(&pt.x);
}

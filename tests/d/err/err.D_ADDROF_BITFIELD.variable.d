/* EXPECT: D_ADDROF_BITFIELD at 9:8: a bitfield of a struct variable has no address. */
struct flags {
	int ready : 1;
};
struct flags f;

BEGIN
{
	trace(&f.ready);
}

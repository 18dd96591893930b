/* EXPECT: D_OFFSETOF_BITFIELD at 8:8: a bitfield has no byte offset. */
struct flags {
	int ready : 1;
};

BEGIN
{
	trace(offsetof(struct flags, ready));
}

/* EXPECT: D_DECL_BFCONST at 3:14: a bitfield is at least one bit wide. */
struct flags {
	int ready : 0;
};

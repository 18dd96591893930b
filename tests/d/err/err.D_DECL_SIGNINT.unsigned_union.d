/* EXPECT: D_DECL_SIGNINT at 2:1: unsigned with a union. */
unsigned union u {
	int i;
};

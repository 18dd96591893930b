/* EXPECT: D_DECL_VOIDATTR at 2:1: short void. */
short void p;

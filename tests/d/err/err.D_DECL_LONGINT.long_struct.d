/* EXPECT: D_DECL_LONGINT at 2:1: long with a struct. */
long struct s {
	int i;
};

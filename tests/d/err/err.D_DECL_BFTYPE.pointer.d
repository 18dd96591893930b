/* EXPECT: D_DECL_BFTYPE at 3:7: only integers have bitfields. */
struct flags {
	int *p : 3;
};

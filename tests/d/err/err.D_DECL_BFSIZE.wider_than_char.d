/* EXPECT: D_DECL_BFSIZE at 3:14: nine bits do not fit a char. */
struct flags {
	char mode : 9;
};

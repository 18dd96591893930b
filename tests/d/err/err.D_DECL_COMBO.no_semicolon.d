/* EXPECT: D_DECL_COMBO at 5:1: a struct definition needs its `;` before the next. */
struct a {
	int x;
}
struct b {
	int y;
};

/* EXPECT: D_DECL_ENOFLOW at 3:2: an enumerator beyond INT_MAX. */
enum sizes {
	HUGE = 4294967296
};

BEGIN
{
	exit(0);
}

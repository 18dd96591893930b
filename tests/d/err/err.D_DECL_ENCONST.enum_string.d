/* EXPECT: D_DECL_ENCONST at 3:10: an enumerator set to a string. */
enum names {
	FIRST = "first"
};

BEGIN
{
	exit(0);
}

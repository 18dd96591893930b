/* EXPECT: D_DECL_BFCONST at 4:10: a negative bit-field width, the variable declared with it not reported. */
struct flags {
	int a : 1;
	int b : -3;
} var;

BEGIN
{
	exit(0);
}

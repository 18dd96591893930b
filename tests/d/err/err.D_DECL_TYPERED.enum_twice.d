/* EXPECT: D_DECL_TYPERED at 3:1: enum colour is defined twice. */
enum colour { RED };
enum colour { GREEN };

BEGIN
{
	exit(0);
}

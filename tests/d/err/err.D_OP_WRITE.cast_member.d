/* EXPECT: D_OP_WRITE at 6:2: memory a cast reaches (here the kernel's, at arg0) cannot be written. */
struct point { int x; int y; };

BEGIN
{
	((struct point *)arg0)->x = 1;
	exit(0);
}

/* clear() zeroes the values and keeps the keys; trunc() keeps the top n
   (bottom -n, none without n); normalize() divides what is printed. */
BEGIN
{
	@a[1] = sum(10);
	@a[2] = sum(20);
	@a[3] = sum(30);
	@a[4] = sum(40);
	@b["x"] = count();
	@b["y"] = count();
	@c = sum(700);
	@d[1] = count();
	clear(@b);
	printa("cleared %s %@d\n", @b);
	trunc(@a, 2);
	printa("top %d %@d\n", @a);
	trunc(@d);
	printa("none %d %@d\n", @d);
	normalize(@c, 7);
	printa("normal %@d\n", @c);
	denormalize(@c);
	printa("back %@d\n", @c);
	exit(0);
}

BEGIN
{
	a[execname, 1] = 5;
	a[execname, 2] = 6;
	printf("%d %d %d\n", a[execname, 1], a[execname, 2], a["other", 1]);
	exit(0);
}

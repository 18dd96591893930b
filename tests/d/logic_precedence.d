BEGIN
{
	printf("%d\n", 1 || 0 && 0);
	exit(0);
}

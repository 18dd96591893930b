BEGIN
{
	printf("%d\n", id);
	exit(0);
}

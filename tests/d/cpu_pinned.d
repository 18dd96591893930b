BEGIN
{
	printf("%d\n", cpu);
	exit(0);
}

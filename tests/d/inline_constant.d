inline int MAX = 10 * 4 + 2;

BEGIN
{
	printf("%d\n", MAX);
	exit(0);
}

BEGIN
{
	printf("%d %d\n", $1 > $2, $1 - $2);
	exit(0);
}

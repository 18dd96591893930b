BEGIN
{
	printf("%3c|\n", 'x');
	exit(0);
}

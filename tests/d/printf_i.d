BEGIN
{
	printf("%i\n", -7);
	exit(0);
}

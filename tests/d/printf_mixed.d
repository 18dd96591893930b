BEGIN
{
	printf("%s is %d years\n", "D", 20);
	exit(0);
}

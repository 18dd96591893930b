BEGIN
{
	printf("%-+5d|\n", 3);
	exit(0);
}

BEGIN
{
	printf("%s\n", 1 > 2 ? "yes" : "no");
	exit(0);
}

BEGIN
{
	printf("%s and %s\n", "this", "that");
	exit(0);
}

BEGIN
{
	printf("%s\n", $$2);
	exit(0);
}

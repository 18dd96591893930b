BEGIN
{
	printf("a\n");
}

BEGIN
{
	exit(0);
}

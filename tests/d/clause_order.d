BEGIN
{
	printf("first\n");
}

BEGIN
{
	printf("second\n");
}

BEGIN
{
	printf("third\n");
	exit(0);
}

BEGIN
{
	printf("b");
	exit(0);
}

END
{
	printf("e");
}

BEGIN
{
	printf("hi");
	exit(0);
}

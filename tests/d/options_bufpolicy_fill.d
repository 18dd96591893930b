BEGIN
{
	printf("fill\n");
	exit(0);
}

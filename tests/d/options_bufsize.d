BEGIN
{
	printf("small buffers\n");
	exit(0);
}

END
{
	printf("target gone\n");
}

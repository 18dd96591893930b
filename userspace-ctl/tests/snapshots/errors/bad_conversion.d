BEGIN
{
	printf("%y\n", 1);
	printf("%5.2f\n", 1);
	printf("100%");
	printf(execname);
}

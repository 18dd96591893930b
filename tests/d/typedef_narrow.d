typedef unsigned char byte_t;
byte_t b;

BEGIN
{
	b = 258;
	printf("%d\n", b);
	exit(0);
}

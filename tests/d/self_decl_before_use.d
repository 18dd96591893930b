self int n;

BEGIN
{
	printf("%d\n", self->n);
	self->n = 9;
	printf("%d\n", self->n);
	exit(0);
}

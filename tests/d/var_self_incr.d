BEGIN
{
	self->n = 3;
	self->n++;
	printf("%d\n", self->n);
	exit(0);
}

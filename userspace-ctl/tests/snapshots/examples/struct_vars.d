/* A struct variable defined in place, a nested definition and a bitfield. */
this struct counter {
	struct { int lo; int hi; } range;
	unsigned int flag : 1;
} c;

BEGIN
{
	this->c.range.hi = 7;
	this->c.flag++;
	trace(this->c.range.hi + this->c.flag);
}

using System.Text;

namespace Dcgan.Generators.Emit
{
    /// <summary>Writes C# text with indentation, so emitters read like the code they produce.</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private int _depth;

        public IndentedWriter Line(string line = "")
        {
            if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
            _text.Append('\n');
            return this;
        }

        public IndentedWriter Open(string line)
        {
            Line(line);
            Line("{");
            _depth++;
            return this;
        }

        /// <summary>A bare block: its own scope for the locals of one layer.</summary>
        public IndentedWriter OpenBlock()
        {
            Line("{");
            _depth++;
            return this;
        }

        public IndentedWriter Close(string suffix = "")
        {
            _depth--;
            return Line("}" + suffix);
        }

        public override string ToString() => _text.ToString();
    }
}

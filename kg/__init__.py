"""soe-ai-kg: a sourced knowledge graph of Chinese SOEs' AI initiatives."""

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnalysisController</name>
    <message>
        <source>modcap at W2A4 with 2 000 steps per unit (the default is 20 000) is set up: press Run. It reconstructs twice (plain BRECQ, then merged units).</source>
        <translation>已设置好 W2A4 下的 modcap，每个单元 2000 步（默认为 20000 步）：请点击“运行”。它会进行两次重建（先用普通 BRECQ，再用合并后的单元）。</translation>
    </message>
    <message>
        <source>Q-ViT at W4A4 is set up: press Run. For the comparison, run it again with the option irm off, then analyse one run and compare it with the other.</source>
        <translation>已设置好 W4A4 下的 Q-ViT：请点击“运行”。如需对比，请将选项 irm 设为 off 再运行一次，然后分析其中一次运行，并与另一次进行比较。</translation>
    </message>
    <message>
        <source>quantizer fit of %1</source>
        <translation>%1 的量化器拟合</translation>
    </message>
    <message>
        <source>2-D loss landscape</source>
        <translation>二维损失地形</translation>
    </message>
    <message>
        <source>loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>attention entropy of run %1</source>
        <translation>运行 %1 的注意力熵</translation>
    </message>
</context>
<context>
    <name>ChannelRangePlot</name>
    <message>
        <source>channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>range (min … max)</source>
        <translation>范围（最小 … 最大）</translation>
    </message>
    <message>
        <source>%1 — per-channel ranges</source>
        <translation>%1 — 逐通道范围</translation>
    </message>
    <message>
        <source>%1 — no per-channel ranges</source>
        <translation>%1 — 无逐通道范围</translation>
    </message>
</context>
<context>
    <name>EnginePhase</name>
    <message>
        <source>calibrating: statistics</source>
        <translation>校准：统计量</translation>
    </message>
    <message>
        <source>calibrating: ranges</source>
        <translation>校准：范围</translation>
    </message>
    <message>
        <source>calibrating integer steps</source>
        <translation>正在校准整数步长</translation>
    </message>
    <message>
        <source>calibrated</source>
        <translation>校准完成</translation>
    </message>
    <message>
        <source>reconstructing</source>
        <translation>正在重建</translation>
    </message>
    <message>
        <source>reconstruction done</source>
        <translation>重建完成</translation>
    </message>
    <message>
        <source>QAT epoch</source>
        <translation>QAT 轮次</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>evaluating</source>
        <translation>正在评估</translation>
    </message>
    <message>
        <source>comparing engines</source>
        <translation>正在比较引擎</translation>
    </message>
    <message>
        <source>predicting</source>
        <translation>正在预测</translation>
    </message>
    <message>
        <source>collecting values</source>
        <translation>正在收集数值</translation>
    </message>
    <message>
        <source>sweeping</source>
        <translation>正在扫描</translation>
    </message>
    <message>
        <source>site</source>
        <translation>量化点</translation>
    </message>
    <message>
        <source>gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>正在读取</translation>
    </message>
    <message>
        <source>loading its model</source>
        <translation>正在加载其模型</translation>
    </message>
    <message>
        <source>float model</source>
        <translation>浮点模型</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>attention maps</source>
        <translation>注意力图</translation>
    </message>
</context>
<context>
    <name>EntropyView</name>
    <message>
        <source>&lt;p&gt;At 2–4 bits the queries and keys of self-attention are squeezed onto a few levels. The entropy of their codes (in bits, at most the bit width) says how many levels are really in use: low entropy means most values share a few codes and the attention they produce loses detail.&lt;/p&gt;&lt;p&gt;Q-ViT&apos;s &lt;b&gt;information rectification module&lt;/b&gt; (IRM) normalises queries and keys before their quantizers with a learnt scale and shift, which spreads the codes and raises their entropy. Its &lt;b&gt;distribution-guided distillation&lt;/b&gt; pulls the student&apos;s query and key similarity patterns towards the float model&apos;s.&lt;/p&gt;&lt;p&gt;The paper shows the baseline&apos;s quantized codes lose entropy against the float model and IRM wins it back. To see that here, compare a Q-ViT run with one trained with &lt;tt&gt;irm=off&lt;/tt&gt;. On the right, each head&apos;s attention from the class token to the image patches, averaged or per head, under the float model and under the run.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在 2–4 比特下，自注意力中的查询（query）和键（key）被压缩到少数几个量化级上。其编码的熵（以比特为单位，最大不超过位宽）表明实际用到了多少个量化级：熵低意味着大多数值共用少数几个编码，由此得到的注意力会丢失细节。&lt;/p&gt;&lt;p&gt;Q-ViT 的&lt;b&gt;信息修正模块&lt;/b&gt;（IRM）在查询和键进入量化器之前，用可学习的缩放和偏移对其进行归一化，使编码分布更分散，从而提高熵。其&lt;b&gt;分布引导蒸馏&lt;/b&gt;则把学生模型的查询与键相似度模式拉向浮点模型的模式。&lt;/p&gt;&lt;p&gt;论文表明，基线方法的量化编码相对浮点模型损失了熵，而 IRM 能把它找回来。要在这里观察这一现象，请将一次 Q-ViT 运行与一次使用 &lt;tt&gt;irm=off&lt;/tt&gt; 训练的运行进行比较。右侧显示在浮点模型和该运行下，每个头从类别 token 到各图像块的注意力（可取各头平均或逐头查看）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Set up the example: Q-ViT at W4A4</source>
        <translation>设置示例：W4A4 下的 Q-ViT</translation>
    </message>
    <message>
        <source> images</source>
        <translation> 张图像</translation>
    </message>
    <message>
        <source>test image #</source>
        <translation>测试图像 #</translation>
    </message>
    <message>
        <source>Image File…</source>
        <translation>图像文件…</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Measures the float model and the current run (and the run to compare with) as a job</source>
        <translation>以任务方式测量浮点模型和当前运行（以及用于对比的运行）</translation>
    </message>
    <message>
        <source>Measure on</source>
        <translation>测量使用</translation>
    </message>
    <message>
        <source>Maps of</source>
        <translation>注意力图取自</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>对比对象：</translation>
    </message>
    <message>
        <source>Run a quantization, then press Analyse.</source>
        <translation>请先运行一次量化，然后点击“分析”。</translation>
    </message>
    <message>
        <source>query codes</source>
        <translation>查询编码</translation>
    </message>
    <message>
        <source>key codes</source>
        <translation>键编码</translation>
    </message>
    <message>
        <source>attention rows</source>
        <translation>注意力行</translation>
    </message>
    <message>
        <source>Entropy of</source>
        <translation>熵：</translation>
    </message>
    <message>
        <source>for</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>head</source>
        <translation>头</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>entropy (bits)</source>
        <translation>熵（比特）</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <source>quantized</source>
        <translation>量化后</translation>
    </message>
    <message>
        <source>Colour: share of the class token&apos;s attention, from none (grey image) to the map&apos;s maximum (white-hot).</source>
        <translation>颜色：类别 token 注意力所占的份额，从零（灰度图像）到该图的最大值（白热）。</translation>
    </message>
    <message>
        <source>Image for the attention maps</source>
        <translation>用于注意力图的图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.pgm *.ppm *.tif *.tiff *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.pgm *.ppm *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>the float model</source>
        <translation>浮点模型</translation>
    </message>
    <message>
        <source>%1 − float</source>
        <translation>%1 − 浮点</translation>
    </message>
    <message>
        <source>%1 − %2</source>
        <translation>%1 − %2</translation>
    </message>
    <message>
        <source>q %1, k %2 (of %3 bits), attention %4</source>
        <translation>q %1，k %2（共 %3 比特），注意力 %4</translation>
    </message>
    <message>
        <source>Mean entropy on %1 images — float (through a per-head min-max quantizer): %2; %3: %4</source>
        <translation>%1 张图像上的平均熵 — 浮点（经逐头 min-max 量化器）：%2；%3：%4</translation>
    </message>
    <message>
        <source>; %1: %2</source>
        <translation>；%1：%2</translation>
    </message>
    <message>
        <source>mean of the heads</source>
        <translation>各头平均</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>头 %1</translation>
    </message>
    <message>
        <source>float — %1</source>
        <translation>浮点 — %1</translation>
    </message>
    <message>
        <source>entropy difference (bits)</source>
        <translation>熵差（比特）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>no map</source>
        <translation>无注意力图</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>&amp;Export Chart…</source>
        <translation>导出图表(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export Re&amp;port…</source>
        <translation>导出报告(&amp;P)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;HTML page (*.html)</source>
        <translation>PDF 文档 (*.pdf);;HTML 页面 (*.html)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export ONNX</source>
        <translation>导出 ONNX</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Export &amp;ONNX…</source>
        <translation>导出 ONNX(&amp;O)…</translation>
    </message>
    <message>
        <source>Export ONNX with &amp;Float Sites…</source>
        <translation>导出 ONNX 并保留浮点位置(&amp;F)…</translation>
    </message>
    <message>
        <source>This tab has no chart</source>
        <translation>此标签页没有图表</translation>
    </message>
    <message>
        <source>%1: there is no run to report</source>
        <translation>%1：没有可用于生成报告的运行</translation>
    </message>
    <message>
        <source>ViTQuant Studio %1 · LibTorch %2 · Qt %3</source>
        <translation>ViTQuant Studio %1 · LibTorch %2 · Qt %3</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>export ONNX</source>
        <translation>导出 ONNX</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1: %n QDQ sites</source>
        <translation>
            <numerusform>已写入 %1：%n 个 QDQ 位置</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n left in float</source>
        <translation>
            <numerusform>，%n 个保留为浮点</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GuidePanel</name>
    <message>
        <source>What am I looking at?</source>
        <translation>这里展示的是什么？</translation>
    </message>
</context>
<context>
    <name>HistogramPlot</name>
    <message>
        <source>float values</source>
        <translation>浮点值</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>  (levels of channel %1)</source>
        <translation>  （通道 %1 的量化级）</translation>
    </message>
</context>
<context>
    <name>HistogramsView</name>
    <message>
        <source>Site</source>
        <translation>量化点</translation>
    </message>
    <message>
        <source>Quantizer</source>
        <translation>量化器</translation>
    </message>
    <message>
        <source>Logarithmic counts</source>
        <translation>对数计数</translation>
    </message>
    <message>
        <source>Show rare values (outliers, the tail of post-Softmax values) next to the bulk</source>
        <translation>在主体分布旁一并显示罕见值（离群值、Softmax 后数值的长尾）</translation>
    </message>
    <message>
        <source>Run a quantization to see its sites.</source>
        <translation>运行一次量化以查看其量化点。</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): min %3, max %4, %5 values sampled</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）：最小 %3，最大 %4，采样 %5 个值</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1: %2 levels, keeps [%3, %4], clips %5 % of the sample</source>
        <translation>&lt;br&gt;%1：%2 个量化级，保留 [%3, %4]，截断了 %5 % 的样本</translation>
    </message>
    <message>
        <source>&lt;br&gt;This site stays float.</source>
        <translation>&lt;br&gt;该量化点保持浮点。</translation>
    </message>
</context>
<context>
    <name>InferenceView</name>
    <message>
        <source>Open images…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Every image in a folder; with one sub-folder per class the labels are known</source>
        <translation>文件夹中的所有图像；若每个类别各有一个子文件夹，则标签已知</translation>
    </message>
    <message>
        <source>Test-set samples</source>
        <translation>测试集样本</translation>
    </message>
    <message>
        <source>Random items of the evaluation data set, with their labels</source>
        <translation>从评估数据集中随机抽取的样本及其标签</translation>
    </message>
    <message>
        <source>Drop images here, open some, or pick test-set samples. A quantization run is needed to compare.</source>
        <translation>将图像拖放到此处、打开图像，或选取测试集样本。需要先完成一次量化运行才能进行比较。</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Images to classify</source>
        <translation>待分类的图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm)</translation>
    </message>
    <message>
        <source>A folder of images</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>True label</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <source>%1 top-1</source>
        <translation>%1 top-1</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s); top-1 agreement %1 %</source>
        <translation>
            <numerusform>%n 张图像；top-1 一致率 %1 %</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 ms/image</source>
        <translation>%1：%2 ms/张</translation>
    </message>
    <message>
        <source>, %1 % right</source>
        <translation>，正确率 %1 %</translation>
    </message>
    <message>
        <source>only %1 right: %2, only %3 right: %4</source>
        <translation>仅 %1 正确：%2，仅 %3 正确：%4</translation>
    </message>
    <message>
        <source> — true: %1</source>
        <translation> — 真实标签：%1</translation>
    </message>
</context>
<context>
    <name>JobBar</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running job (Esc); nothing of it is kept</source>
        <translation>停止正在运行的任务（Esc），其结果不会保留</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation>，约剩 %1</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>&lt;p&gt;After LayerNorm, a ViT&apos;s activations differ by orders of magnitude from channel to channel. One step for the whole layer (&lt;i&gt;layer-wise&lt;/i&gt;) must round the narrow channels coarsely; one step per channel (&lt;i&gt;channel-wise&lt;/i&gt;) fits each.&lt;/p&gt;&lt;p&gt;Each curve is the task loss (cross-entropy on labelled images) while only this block&apos;s post-LayerNorm quantizers are on and their steps are scaled by (1 + α·d) along a random direction d. The heat map does the same along two directions. The dot is the calibrated point (α = β = 0); the dashed line is the float model&apos;s loss.&lt;/p&gt;&lt;p&gt;I&amp;amp;S-ViT finds the channel-wise landscape lower and smoother, the layer-wise one rugged and high. Its smooth optimisation (SOS) therefore learns channel-wise first and only then folds the steps into one per layer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;经过 LayerNorm 之后，ViT 的激活在不同通道之间相差几个数量级。整层共用一个步长（&lt;i&gt;逐层&lt;/i&gt;）时，取值范围窄的通道只能被粗略地舍入；每个通道各用一个步长（&lt;i&gt;逐通道&lt;/i&gt;）则能分别适配每个通道。&lt;/p&gt;&lt;p&gt;每条曲线是任务损失（带标签图像上的交叉熵）：此时只开启该块中 LayerNorm 之后的量化器，并沿随机方向 d 将其步长乘以 (1 + α·d)。热力图沿两个方向做同样的处理。圆点是校准点（α = β = 0）；虚线是浮点模型的损失。&lt;/p&gt;&lt;p&gt;I&amp;amp;S-ViT 发现，逐通道的损失地形更低、更平滑，而逐层的损失地形崎岖且偏高。因此，其平滑优化策略（SOS）先以逐通道方式学习，之后才把步长合并为每层一个。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run the example: first block, 3 bits, 1-D</source>
        <translation>运行示例：第一个块，3 比特，一维</translation>
    </message>
    <message>
        <source> bits</source>
        <translation> 比特</translation>
    </message>
    <message>
        <source>1-D: layer-wise vs channel-wise</source>
        <translation>一维：逐层 vs 逐通道</translation>
    </message>
    <message>
        <source>2-D: layer-wise</source>
        <translation>二维：逐层</translation>
    </message>
    <message>
        <source>2-D: channel-wise</source>
        <translation>二维：逐通道</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Runs as a job: the job bar shows its progress and can cancel it</source>
        <translation>以任务方式运行：任务进度栏会显示其进度，并可将其取消</translation>
    </message>
    <message>
        <source>Block:</source>
        <translation>块：</translation>
    </message>
    <message>
        <source>Choose a block and press Sweep.</source>
        <translation>选择一个块，然后点击“扫描”。</translation>
    </message>
    <message>
        <source>α: relative change of the steps along a random direction</source>
        <translation>α：步长沿随机方向的相对变化</translation>
    </message>
    <message>
        <source>task loss (cross-entropy, nats)</source>
        <translation>任务损失（交叉熵，nats）</translation>
    </message>
    <message>
        <source>layer-wise steps</source>
        <translation>逐层步长</translation>
    </message>
    <message>
        <source>channel-wise steps</source>
        <translation>逐通道步长</translation>
    </message>
    <message>
        <source>float model</source>
        <translation>浮点模型</translation>
    </message>
    <message>
        <source>calibrated point</source>
        <translation>校准点</translation>
    </message>
    <message>
        <source>α (direction 1)</source>
        <translation>α（方向 1）</translation>
    </message>
    <message>
        <source>β (direction 2)</source>
        <translation>β（方向 2）</translation>
    </message>
    <message>
        <source>task loss (nats)</source>
        <translation>任务损失（nats）</translation>
    </message>
    <message>
        <source>This model has no transformer block with a LayerNorm → Linear pair.</source>
        <translation>该模型中没有包含 LayerNorm → Linear 结构的 Transformer 块。</translation>
    </message>
    <message>
        <source>%1: post-LayerNorm inputs quantized</source>
        <translation>%1：量化 LayerNorm 之后的输入</translation>
    </message>
    <message>
        <source>%1, %2 steps</source>
        <translation>%1，%2步长</translation>
    </message>
    <message>
        <source>channel-wise</source>
        <translation>逐通道</translation>
    </message>
    <message>
        <source>layer-wise</source>
        <translation>逐层</translation>
    </message>
    <message>
        <source>calibrated loss %1, highest %2</source>
        <translation>校准点损失 %1，最高 %2</translation>
    </message>
    <message>
        <source>%1 — float loss %2</source>
        <translation>%1 — 浮点损失 %2</translation>
    </message>
    <message>
        <source>layer-wise: %1</source>
        <translation>逐层：%1</translation>
    </message>
    <message>
        <source>channel-wise: %1</source>
        <translation>逐通道：%1</translation>
    </message>
    <message>
        <source>2-D (%1): %2</source>
        <translation>二维（%1）：%2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>done in %1 s</source>
        <translation>完成，用时 %1 秒</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>ViTQuant Studio</source>
        <translation>ViTQuant Studio</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>敏感度</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Setup</source>
        <translation>运行设置</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>打开模型文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>Recent &amp;Models</source>
        <translation>最近的模型(&amp;M)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Open &amp;Run…</source>
        <translation>打开运行(&amp;R)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open a saved run</source>
        <translation>打开已保存的运行</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>首选项(&amp;F)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>The new language applies when the studio starts again</source>
        <translation>新语言将在重新启动程序后生效</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quantize and Evaluate</source>
        <translation>量化并评估(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Analyse &amp;Sensitivity</source>
        <translation>分析敏感度(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Guided Mode</source>
        <translation>引导模式(&amp;G)</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Explain each method view and offer its paper&apos;s example</source>
        <translation>讲解每个方法视图，并提供其论文中的示例</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ViTQuant Studio</source>
        <translation>关于 ViTQuant Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About ViTQuant Studio</source>
        <translation>关于 ViTQuant Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;ViTQuant Studio %1&lt;/b&gt;&lt;p&gt;A workbench for quantizing Vision Transformers: see why a quantized ViT loses accuracy and which method wins back how much.&lt;/p&gt;&lt;p&gt;Engine %1 · LibTorch %2 · Qt %3 · %4 LibTorch threads&lt;/p&gt;&lt;p&gt;Model: %5&lt;/p&gt;</source>
        <translation>&lt;b&gt;ViTQuant Studio %1&lt;/b&gt;&lt;p&gt;用于量化视觉 Transformer 的工作台：探究量化后的 ViT 为何会损失准确率，以及各种方法能挽回多少。&lt;/p&gt;&lt;p&gt;引擎 %1 · LibTorch %2 · Qt %3 · %4 个 LibTorch 线程&lt;/p&gt;&lt;p&gt;模型：%5&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Open a timm model folder</source>
        <translation>打开 timm 模型文件夹</translation>
    </message>
    <message>
        <source>A job is running; load the model when it has ended</source>
        <translation>有任务正在运行；请在其结束后再加载模型</translation>
    </message>
    <message>
        <source>Loading %1 …</source>
        <translation>正在加载 %1 …</translation>
    </message>
    <message>
        <source>Could not load the model</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <source>ViTQuant Studio — %1</source>
        <translation>ViTQuant Studio — %1</translation>
    </message>
    <message>
        <source>Loaded %1: %2 parameters</source>
        <translation>已加载 %1：%2 个参数</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>已加载 %1</translation>
    </message>
    <message>
        <source>Cancelling %1 …</source>
        <translation>正在取消 %1 …</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>%1 is still running. Cancel it and quit?</source>
        <translation>%1 仍在运行。要取消它并退出吗？</translation>
    </message>
    <message>
        <source>Quantizer Fit</source>
        <translation>量化器拟合</translation>
    </message>
    <message>
        <source>Loss Landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>Oscillation</source>
        <translation>振荡</translation>
    </message>
    <message>
        <source>Attention Entropy</source>
        <translation>注意力熵</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
</context>
<context>
    <name>MethodOptionsPanel</name>
    <message>
        <source>default: %1</source>
        <translation>默认值：%1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>ModelStructureView</name>
    <message>
        <source>No model loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>Module / site</source>
        <translation>模块 / 量化点</translation>
    </message>
    <message>
        <source>Parameters / kind</source>
        <translation>参数 / 类型</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 (%3), %4 parameters, %5 classes, input %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2（%3），%4 个参数，%5 个类别，输入 %6</translation>
    </message>
    <message>
        <source>quantizable site</source>
        <translation>可量化点</translation>
    </message>
</context>
<context>
    <name>OscillationView</name>
    <message>
        <source>&lt;p&gt;Block reconstruction (BRECQ) fits the quantized model one unit at a time, in order. Plotted along depth, the reconstruction loss of the units often zig-zags instead of growing smoothly: it &lt;i&gt;oscillates&lt;/i&gt;.&lt;/p&gt;&lt;p&gt;The oscillation-aware method (MRECG) traces this to differences in &lt;b&gt;capacity&lt;/b&gt; between neighbouring units — how much a unit can express at the chosen bits. The bars show each unit&apos;s capacity; the thin bars between them, the &lt;b&gt;differentials&lt;/b&gt; between neighbours. The top-k largest (highlighted) are reconstructed together as one unit.&lt;/p&gt;&lt;p&gt;The paper reports that merging lowers the oscillation (the index in the legend, the summed size of the turns of the loss) and raises accuracy at 2–4 bits, most on small models. The bottom chart shows how one unit&apos;s loss falls during its reconstruction under both plans.&lt;/p&gt;</source>
        <translation>&lt;p&gt;块重建（BRECQ）按顺序逐个单元地拟合量化模型。沿深度绘制时，各单元的重建损失往往呈锯齿状起伏，而不是平滑增长：即发生&lt;i&gt;振荡&lt;/i&gt;。&lt;/p&gt;&lt;p&gt;振荡感知方法（MRECG）将其归因于相邻单元之间&lt;b&gt;容量&lt;/b&gt;的差异，即一个单元在所选比特数下的表达能力。柱形表示每个单元的容量；柱形之间的细柱表示相邻单元之间的&lt;b&gt;差值&lt;/b&gt;。其中最大的 top-k 个（高亮显示）会被合并为一个单元共同重建。&lt;/p&gt;&lt;p&gt;论文报告称，合并能降低振荡（即图例中的指数，为损失各次转折幅度之和），并在 2–4 比特下提高准确率，在小模型上提升最为明显。下方图表显示在两种方案下，某个单元的损失在其重建过程中如何下降。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Set up the example: modcap at W2A4</source>
        <translation>设置示例：W2A4 下的 modcap</translation>
    </message>
    <message>
        <source>reconstruction unit</source>
        <translation>重建单元</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>differential to the next unit</source>
        <translation>与下一单元的差值</translation>
    </message>
    <message>
        <source>differential</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>differential, merged (top-k)</source>
        <translation>差值，已合并（top-k）</translation>
    </message>
    <message>
        <source>relative output loss after reconstruction</source>
        <translation>重建后的相对输出损失</translation>
    </message>
    <message>
        <source>brecq</source>
        <translation>brecq</translation>
    </message>
    <message>
        <source>modcap</source>
        <translation>modcap</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单元：</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>reconstruction loss (log scale)</source>
        <translation>重建损失（对数刻度）</translation>
    </message>
    <message>
        <source>Run the &lt;b&gt;modcap&lt;/b&gt; method (or open a modcap run) to see its capacities, merges and loss along depth.</source>
        <translation>运行 &lt;b&gt;modcap&lt;/b&gt; 方法（或打开一次 modcap 运行），以查看其容量、合并情况以及损失随深度的变化。</translation>
    </message>
    <message>
        <source>This run used &lt;b&gt;%1&lt;/b&gt;. Run &lt;b&gt;modcap&lt;/b&gt; (or open a modcap run) to see capacities, merges and the loss along depth.</source>
        <translation>此运行使用的是 &lt;b&gt;%1&lt;/b&gt;。请运行 &lt;b&gt;modcap&lt;/b&gt;（或打开一次 modcap 运行），以查看容量、合并情况以及损失随深度的变化。</translation>
    </message>
    <message>
        <source>brecq (oscillation index %1)</source>
        <translation>brecq（振荡指数 %1）</translation>
    </message>
    <message>
        <source>modcap (oscillation index %1)</source>
        <translation>modcap（振荡指数 %1）</translation>
    </message>
    <message>
        <source>brecq (not run: data-free capacity)</source>
        <translation>brecq（未运行：采用无数据容量）</translation>
    </message>
    <message>
        <source>modcap W%1A%2 on %3, %4 capacity: merged %5. Oscillation index along depth: brecq %6 → modcap %7. Top-1 %8 %.</source>
        <translation>modcap W%1A%2（%3），容量类型 %4：合并了 %5。沿深度的振荡指数：brecq %6 → modcap %7。Top-1 %8 %。</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1: reconstructed jointly as %2 by modcap</source>
        <translation>%1：modcap 将其作为 %2 联合重建</translation>
    </message>
    <message>
        <source>%1: reconstructed alone by both</source>
        <translation>%1：两种方案均单独重建</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Folder for saved runs</source>
        <translation>保存运行的文件夹</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language applies when the studio starts again.</source>
        <translation>新语言将在重新启动程序后生效。</translation>
    </message>
    <message>
        <source>&amp;Runs folder:</source>
        <translation>运行记录文件夹(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Quantizer fit of %1 at %2 bits</source>
        <translation>%1 在 %2 比特下的量化器拟合</translation>
    </message>
    <message>
        <source>Quantizer fit: error against bits</source>
        <translation>量化器拟合：误差随位宽的变化</translation>
    </message>
    <message>
        <source>Quantizer fit: values on the floor level against bits</source>
        <translation>量化器拟合：落在最低级上的值随位宽的变化</translation>
    </message>
    <message>
        <source>Loss landscape: layer-wise vs channel-wise post-LayerNorm steps</source>
        <translation>损失地形：LayerNorm 之后的逐层与逐通道步长对比</translation>
    </message>
    <message>
        <source>Loss landscape in two directions</source>
        <translation>两个方向上的损失地形</translation>
    </message>
    <message>
        <source>Oscillation: capacities and neighbour differentials</source>
        <translation>振荡：容量与相邻单元差值</translation>
    </message>
    <message>
        <source>Oscillation: reconstruction loss along depth</source>
        <translation>振荡：重建损失随深度的变化</translation>
    </message>
    <message>
        <source>Oscillation: loss against iteration of %1</source>
        <translation>振荡：%1 的损失随迭代的变化</translation>
    </message>
    <message>
        <source>Entropy of the quantized query codes per layer and head</source>
        <translation>各层各头的量化查询编码熵</translation>
    </message>
    <message>
        <source>Query-code entropy: run minus float</source>
        <translation>查询编码熵：运行结果减去浮点</translation>
    </message>
    <message>
        <source>Class-token attention, mean of the heads, last layer</source>
        <translation>类别 token 注意力（各头平均，最后一层）</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <source>Sensitivity: each site quantized alone, worst first</source>
        <translation>敏感度：逐个单独量化每个量化点，最差的排在最前</translation>
    </message>
    <message>
        <source>Histogram of %1</source>
        <translation>%1 的直方图</translation>
    </message>
    <message>
        <source>Per-channel ranges of %1</source>
        <translation>%1 的逐通道范围</translation>
    </message>
    <message>
        <source>%1: no run to report</source>
        <translation>%1：没有可用于生成报告的运行</translation>
    </message>
    <message>
        <source>report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>ViTQuant Studio report</source>
        <translation>ViTQuant Studio 报告</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: unknown %2 format &apos;%3&apos; (use .%4)</source>
        <translation>%1：未知的%2格式“%3”（请使用 .%4）</translation>
    </message>
    <message>
        <source>%1: the folder does not exist</source>
        <translation>%1：文件夹不存在</translation>
    </message>
    <message>
        <source>%1: could not write the %2</source>
        <translation>%1：无法写入%2</translation>
    </message>
    <message>
        <source>%1: could not replace the file</source>
        <translation>%1：无法替换该文件</translation>
    </message>
</context>
<context>
    <name>QuantizerFitView</name>
    <message>
        <source>bits</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>&lt;p&gt;The values after Softmax are attention probabilities: most are tiny, a few are large. The top chart counts them on a &lt;i&gt;log&lt;/i&gt; axis; the markers above are the values each quantizer can represent at the chosen width.&lt;/p&gt;&lt;p&gt;A &lt;b&gt;uniform&lt;/b&gt; grid spends its levels evenly and rounds almost everything to 0. &lt;b&gt;log2&lt;/b&gt; has levels at powers of two, dense near 0, but below its smallest power every value lands on one &lt;i&gt;floor&lt;/i&gt; level. &lt;b&gt;SULQ&lt;/b&gt; (I&amp;amp;S-ViT) shifts the input before the log2 step and rounds the result uniformly, so the small values keep distinct levels.&lt;/p&gt;&lt;p&gt;The paper finds log2 leaves a large share of the values on its floor level at 3 bits while SULQ does not, and SULQ has the lower error at every width.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Softmax 之后的值是注意力概率：大多数很小，只有少数很大。上方图表在&lt;i&gt;对数&lt;/i&gt;轴上对它们计数；其上方的标记是每种量化器在所选位宽下能表示的值。&lt;/p&gt;&lt;p&gt;&lt;b&gt;均匀&lt;/b&gt;网格平均分配其量化级，几乎会把所有值都舍入为 0。&lt;b&gt;log2&lt;/b&gt; 的量化级位于 2 的幂次处，在 0 附近较密，但低于其最小幂次的所有值都会落在同一个&lt;i&gt;最低&lt;/i&gt;级上。&lt;b&gt;SULQ&lt;/b&gt;（I&amp;amp;S-ViT）在 log2 运算之前先对输入进行平移，再对结果做均匀舍入，因此小值仍能保留各自不同的量化级。&lt;/p&gt;&lt;p&gt;论文发现，在 3 比特下，log2 会让很大一部分值落在其最低级上，而 SULQ 不会；并且在每种位宽下 SULQ 的误差都更低。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run the example: 3 bits, a middle block</source>
        <translation>运行示例：3 比特，中间的一个块</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <source>Sample this site&apos;s values on calibration images of the float model and fit every quantizer at 2–8 bits</source>
        <translation>在浮点模型的校准图像上采样该量化点的值，并在 2–8 比特下拟合每种量化器</translation>
    </message>
    <message>
        <source>Post-Softmax site:</source>
        <translation>Softmax 后量化点：</translation>
    </message>
    <message>
        <source>Bits:</source>
        <translation>位宽：</translation>
    </message>
    <message>
        <source>Choose a post-Softmax site and press Fit.</source>
        <translation>选择一个 Softmax 后量化点，然后点击“拟合”。</translation>
    </message>
    <message>
        <source>post-Softmax value (log scale)</source>
        <translation>Softmax 后的值（对数刻度）</translation>
    </message>
    <message>
        <source>values per bin</source>
        <translation>每个区间的值数</translation>
    </message>
    <message>
        <source>float values</source>
        <translation>浮点值</translation>
    </message>
    <message>
        <source>mean squared error (log scale)</source>
        <translation>均方误差（对数刻度）</translation>
    </message>
    <message>
        <source>values on the floor level (%)</source>
        <translation>落在最低级上的值（%）</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 比特</translation>
    </message>
    <message>
        <source>%1 levels at %2 bits</source>
        <translation>%1 在 %2 比特下的量化级</translation>
    </message>
    <message>
        <source>%1: MSE %2, %3 % on the floor level</source>
        <translation>%1：MSE %2，%3 % 落在最低级上</translation>
    </message>
    <message>
        <source>%1: %2 values in [%3, %4], %5 exact zeros (off the log axis). At %6 bits — %7.</source>
        <translation>%1：%2 个值，范围 [%3, %4]，其中 %5 个恰为零（不在对数轴上）。在 %6 比特下 — %7。</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>%1 W%2A%3 on %4</source>
        <translation>%1 W%2A%3（%4）</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <source>Run %1: top-1 %2 % (float %3 %) on %4 images; saved in %5</source>
        <translation>运行 %1：在 %4 张图像上 top-1 为 %2 %（浮点 %3 %）；已保存到 %5</translation>
    </message>
    <message>
        <source>open run %1</source>
        <translation>打开运行 %1</translation>
    </message>
    <message>
        <source>Run %1 reopened from %2</source>
        <translation>运行 %1 已从 %2 重新打开</translation>
    </message>
    <message>
        <source>sensitivity of run %1</source>
        <translation>运行 %1 的敏感度</translation>
    </message>
    <message>
        <source>inference</source>
        <translation>推理</translation>
    </message>
</context>
<context>
    <name>RunSetupPanel</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>builtin:&lt;name&gt;, arch:&lt;timm name&gt;, or a timm model folder (config.json + model.safetensors)</source>
        <translation>builtin:&lt;name&gt;、arch:&lt;timm name&gt;，或 timm 模型文件夹（config.json + model.safetensors）</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Evaluation data: fashion-mnist, idx:&lt;dir&gt; or folder:&lt;dir&gt; (one sub-folder per class). Calibration draws from its train split when it has one.</source>
        <translation>评估数据：fashion-mnist、idx:&lt;dir&gt; 或 folder:&lt;dir&gt;（每个类别一个子文件夹）。若数据集有训练划分，校准图像将从中抽取。</translation>
    </message>
    <message>
        <source>Data folder…</source>
        <translation>数据文件夹…</translation>
    </message>
    <message>
        <source>Weight bits</source>
        <translation>权重位宽</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>激活位宽</translation>
    </message>
    <message>
        <source>Calibration images</source>
        <translation>校准图像数</translation>
    </message>
    <message>
        <source>Evaluation images (0: the whole set)</source>
        <translation>评估图像数（0：整个数据集）</translation>
    </message>
    <message>
        <source>Seed: the same seed gives the same run</source>
        <translation>随机种子：相同的种子得到相同的运行结果</translation>
    </message>
    <message>
        <source>Then analyse sensitivity</source>
        <translation>随后分析敏感度</translation>
    </message>
    <message>
        <source>After the run, quantize each site alone on 200 evaluation images</source>
        <translation>运行结束后，在 200 张评估图像上逐个单独量化每个量化点</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>W / A bits</source>
        <translation>W / A 位宽</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Method options</source>
        <translation>方法选项</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Every option back to the method&apos;s default</source>
        <translation>将所有选项恢复为该方法的默认值</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Quantize, evaluate float and quantized on the same images (Ctrl+R)</source>
        <translation>量化，并在相同图像上评估浮点模型与量化模型（Ctrl+R）</translation>
    </message>
    <message>
        <source>A data folder (one sub-folder per class, or IDX files)</source>
        <translation>数据文件夹（每个类别一个子文件夹，或 IDX 文件）</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>W/A bits</source>
        <translation>W/A 位宽</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Δ vs FP</source>
        <translation>Δ（相对 FP）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Select two runs to compare them.</source>
        <translation>选择两次运行以进行比较。</translation>
    </message>
    <message>
        <source>Setting / result</source>
        <translation>设置 / 结果</translation>
    </message>
    <message>
        <source>Run A</source>
        <translation>运行 A</translation>
    </message>
    <message>
        <source>Run B</source>
        <translation>运行 B</translation>
    </message>
    <message>
        <source>Select exactly two runs to compare them.</source>
        <translation>请恰好选择两次运行以进行比较。</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Run %1 against run %2; differing values are bold.</source>
        <translation>运行 %1 与运行 %2 对比；不同的值以粗体显示。</translation>
    </message>
</context>
<context>
    <name>ScreenshotTour</name>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1：无法创建文件夹</translation>
    </message>
    <message>
        <source>could not start the run</source>
        <translation>无法启动运行</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>could not start the next job</source>
        <translation>无法启动下一个任务</translation>
    </message>
    <message>
        <source>%1: could not write the screenshot</source>
        <translation>%1：无法写入截图</translation>
    </message>
</context>
<context>
    <name>SensitivityView</name>
    <message>
        <source>Run a quantization, then the sensitivity analysis.</source>
        <translation>请先运行一次量化，再进行敏感度分析。</translation>
    </message>
    <message>
        <source>show worst </source>
        <translation>显示最差的 </translation>
    </message>
    <message>
        <source> sites</source>
        <translation> 个量化点</translation>
    </message>
    <message>
        <source>top-1 drop (points)</source>
        <translation>top-1 下降（百分点）</translation>
    </message>
    <message>
        <source>site SQNR (dB)</source>
        <translation>量化点 SQNR（dB）</translation>
    </message>
    <message>
        <source>SQNR of the site&apos;s tensor (dB)</source>
        <translation>量化点张量的 SQNR（dB）</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>量化点</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Top-1 drop (pts)</source>
        <translation>Top-1 下降（百分点）</translation>
    </message>
    <message>
        <source>Logits SQNR (dB)</source>
        <translation>Logits SQNR（dB）</translation>
    </message>
    <message>
        <source>Site SQNR (dB)</source>
        <translation>量化点 SQNR（dB）</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>%1 sites on %2 images. Float top-1 %3 %, every site quantized %4 %. Each bar: that site quantized alone.</source>
        <translation>共 %1 个量化点，%2 张图像。浮点 top-1 %3 %，全部量化点量化后 %4 %。每根柱表示仅单独量化该量化点时的结果。</translation>
    </message>
</context>
<context>
    <name>StudioSession</name>
    <message>
        <source>A model is loading</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>Load a model first</source>
        <translation>请先加载模型</translation>
    </message>
    <message>
        <source>Run a quantization first</source>
        <translation>请先运行一次量化</translation>
    </message>
</context>
<context>
    <name>SweepController</name>
    <message>
        <source>Open S&amp;weep…</source>
        <translation>打开扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>Open a sweep folder (vitquant sweep run --out)</source>
        <translation>打开扫描文件夹 (vitquant sweep run --out)</translation>
    </message>
    <message>
        <source>R&amp;un Sweep…</source>
        <translation>运行扫描(&amp;U)…</translation>
    </message>
    <message>
        <source>Run a sweep file</source>
        <translation>运行扫描文件</translation>
    </message>
    <message>
        <source>Sweep files (*.json)</source>
        <translation>扫描文件 (*.json)</translation>
    </message>
    <message>
        <source>open sweep %1</source>
        <translation>打开扫描 %1</translation>
    </message>
    <message>
        <source> seed %1</source>
        <translation> 种子 %1</translation>
    </message>
    <message>
        <source>Sweep %1 opened: %2 of %3 runs finished</source>
        <translation>已打开扫描 %1：%3 次运行中已完成 %2 次</translation>
    </message>
    <message>
        <source>sweep %1</source>
        <translation>扫描 %1</translation>
    </message>
    <message>
        <source>%1 runs of the sweep failed; their logs are in %2/logs</source>
        <translation>扫描中有 %1 次运行失败；日志位于 %2/logs</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>No sweep open. File → Open Sweep… shows one; `vitquant sweep run` makes one.</source>
        <translation>未打开扫描。用“文件 → 打开扫描…”显示，用 `vitquant sweep run` 创建。</translation>
    </message>
    <message>
        <source>The model whose results the chart shows</source>
        <translation>图表显示其结果的模型</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>bits (weights/activations)</source>
        <translation>位数（权重/激活）</translation>
    </message>
    <message>
        <source>top-1 (mean ± std over seeds)</source>
        <translation>top-1（各种子的均值 ± 标准差）</translation>
    </message>
    <message>
        <source>%1: %2 of %3 runs finished. Each point is the mean top-1 over the seeds that have finished; its bar is ± one sample standard deviation (none for a single seed).</source>
        <translation>%1：%3 次运行中已完成 %2 次。每个点是已完成种子的 top-1 均值；误差棒为 ± 一个样本标准差（只有一个种子时不显示）。</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮点</translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ViTQuant Studio: quantize Vision Transformers</source>
        <translation>ViTQuant Studio：量化视觉 Transformer</translation>
    </message>
    <message>
        <source>Model to open (builtin:&lt;name&gt;, arch:&lt;name&gt; or a folder).</source>
        <translation>要打开的模型（builtin:&lt;name&gt;、arch:&lt;name&gt; 或文件夹）。</translation>
    </message>
    <message>
        <source>Run a small calibration on the built-in DeiT, write a PNG of each view into DIR, exit.</source>
        <translation>在内置 DeiT 上运行一次小规模校准，将每个视图的 PNG 写入 DIR，然后退出。</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChannelRangePlot</name>
    <message>
        <source>channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>range (min … max)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — per-channel ranges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — no per-channel ranges</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntropyView</name>
    <message>
        <source>&lt;p&gt;At 2–4 bits the queries and keys of self-attention are squeezed onto a few levels. The entropy of their codes (in bits, at most the bit width) says how many levels are really in use: low entropy means most values share a few codes and the attention they produce loses detail.&lt;/p&gt;&lt;p&gt;Q-ViT&apos;s &lt;b&gt;information rectification module&lt;/b&gt; (IRM) normalises queries and keys before their quantizers with a learnt scale and shift, which spreads the codes and raises their entropy. Its &lt;b&gt;distribution-guided distillation&lt;/b&gt; pulls the student&apos;s query and key similarity patterns towards the float model&apos;s.&lt;/p&gt;&lt;p&gt;The paper shows the baseline&apos;s quantized codes lose entropy against the float model and IRM wins it back. To see that here, compare a Q-ViT run with one trained with &lt;tt&gt;irm=off&lt;/tt&gt;. On the right, each head&apos;s attention from the class token to the image patches, averaged or per head, under the float model and under the run.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up the example: Q-ViT at W4A4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test image #</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measures the float model and the current run (and the run to compare with) as a job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maps of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a quantization, then press Analyse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>query codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy (bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour: share of the class token&apos;s attention, from none (grey image) to the map&apos;s maximum (white-hot).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image for the attention maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.pgm *.ppm *.tif *.tiff *.webp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the float model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 − float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 − %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>q %1, k %2 (of %3 bits), attention %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean entropy on %1 images — float (through a per-head min-max quantizer): %2; %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean of the heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy difference (bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuidePanel</name>
    <message>
        <source>What am I looking at?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistogramPlot</name>
    <message>
        <source>float values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  (levels of channel %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistogramsView</name>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logarithmic counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show rare values (outliers, the tail of post-Softmax values) next to the bulk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a quantization to see its sites.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): min %3, max %4, %5 values sampled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;%1: %2 levels, keeps [%3, %4], clips %5 % of the sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;This site stays float.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InferenceView</name>
    <message>
        <source>Open images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every image in a folder; with one sub-folder per class the labels are known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test-set samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random items of the evaluation data set, with their labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop images here, open some, or pick test-set samples. A quantization run is needed to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images to classify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A folder of images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 top-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s); top-1 agreement %1 %</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 ms/image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 % right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only %1 right: %2, only %3 right: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — true: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobBar</name>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job (Esc); nothing of it is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>&lt;p&gt;After LayerNorm, a ViT&apos;s activations differ by orders of magnitude from channel to channel. One step for the whole layer (&lt;i&gt;layer-wise&lt;/i&gt;) must round the narrow channels coarsely; one step per channel (&lt;i&gt;channel-wise&lt;/i&gt;) fits each.&lt;/p&gt;&lt;p&gt;Each curve is the task loss (cross-entropy on labelled images) while only this block&apos;s post-LayerNorm quantizers are on and their steps are scaled by (1 + α·d) along a random direction d. The heat map does the same along two directions. The dot is the calibrated point (α = β = 0); the dashed line is the float model&apos;s loss.&lt;/p&gt;&lt;p&gt;I&amp;amp;S-ViT finds the channel-wise landscape lower and smoother, the layer-wise one rugged and high. Its smooth optimisation (SOS) therefore learns channel-wise first and only then folds the steps into one per layer.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the example: first block, 3 bits, 1-D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-D: layer-wise vs channel-wise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-D: layer-wise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-D: channel-wise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs as a job: the job bar shows its progress and can cancel it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a block and press Sweep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α: relative change of the steps along a random direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task loss (cross-entropy, nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer-wise steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel-wise steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calibrated point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α (direction 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>β (direction 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task loss (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model has no transformer block with a LayerNorm → Linear pair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: post-LayerNorm inputs quantized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel-wise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer-wise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calibrated loss %1, highest %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — float loss %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer-wise: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel-wise: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-D (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>done in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ViTQuant Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent &amp;Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a saved run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Re&amp;port…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a quantization first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;HTML page (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies when the studio starts again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quantize and Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse &amp;Sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Guided Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain each method view and offer its paper&apos;s example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ViTQuant Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ViTQuant Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;ViTQuant Studio %1&lt;/b&gt;&lt;p&gt;A workbench for quantizing Vision Transformers: see why a quantized ViT loses accuracy and which method wins back how much.&lt;/p&gt;&lt;p&gt;Engine %1 · LibTorch %2 · Qt %3 · %4 LibTorch threads&lt;/p&gt;&lt;p&gt;Model: %5&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a timm model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running; load the model when it has ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ViTQuant Studio — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1: %2 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a model first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 W%2A%3 on %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1: top-1 %2 % (float %3 %) on %4 images; saved in %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sensitivity of run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 reopened from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: there is no run to report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ViTQuant Studio %1 · LibTorch %2 · Qt %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tab has no chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is still running. Cancel it and quit?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizer Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss Landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oscillation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention Entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modcap at W2A4 is set up: press Run. It reconstructs twice (plain BRECQ, then merged units).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q-ViT at W4A4 is set up: press Run. For the comparison, run it again with the option irm off, then analyse one run and compare it with the other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantizer fit of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-D loss landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention entropy of run %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MethodOptionsPanel</name>
    <message>
        <source>default: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelStructureView</name>
    <message>
        <source>No model loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module / site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters / kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 (%3), %4 parameters, %5 classes, input %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantizable site</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OscillationView</name>
    <message>
        <source>&lt;p&gt;Block reconstruction (BRECQ) fits the quantized model one unit at a time, in order. Plotted along depth, the reconstruction loss of the units often zig-zags instead of growing smoothly: it &lt;i&gt;oscillates&lt;/i&gt;.&lt;/p&gt;&lt;p&gt;The oscillation-aware method (MRECG) traces this to differences in &lt;b&gt;capacity&lt;/b&gt; between neighbouring units — how much a unit can express at the chosen bits. The bars show each unit&apos;s capacity; the thin bars between them, the &lt;b&gt;differentials&lt;/b&gt; between neighbours. The top-k largest (highlighted) are reconstructed together as one unit.&lt;/p&gt;&lt;p&gt;The paper reports that merging lowers the oscillation (the index in the legend, the summed size of the turns of the loss) and raises accuracy at 2–4 bits, most on small models. The bottom chart shows how one unit&apos;s loss falls during its reconstruction under both plans.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up the example: modcap at W2A4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconstruction unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>differential to the next unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>differential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>differential, merged (top-k)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relative output loss after reconstruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brecq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modcap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iteration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconstruction loss (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the &lt;b&gt;modcap&lt;/b&gt; method (or open a modcap run) to see its capacities, merges and loss along depth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run used &lt;b&gt;%1&lt;/b&gt;. Run &lt;b&gt;modcap&lt;/b&gt; (or open a modcap run) to see capacities, merges and the loss along depth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brecq (oscillation index %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modcap (oscillation index %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brecq (not run: data-free capacity)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modcap W%1A%2 on %3, %4 capacity: merged %5. Oscillation index along depth: brecq %6 → modcap %7. Top-1 %8 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: reconstructed jointly as %2 by modcap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: reconstructed alone by both</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for saved runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies when the studio starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Runs folder:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizer fit of %1 at %2 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizer fit: error against bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizer fit: values on the floor level against bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss landscape: layer-wise vs channel-wise post-LayerNorm steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss landscape in two directions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oscillation: capacities and neighbour differentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oscillation: reconstruction loss along depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oscillation: loss against iteration of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy of the quantized query codes per layer and head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query-code entropy: run minus float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class-token attention, mean of the heads, last layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensitivity: each site quantized alone, worst first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Histogram of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-channel ranges of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no run to report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ViTQuant Studio report</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1: unknown %2 format &apos;%3&apos; (use .%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the folder does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: could not write the %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: could not replace the file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuantizerFitView</name>
    <message>
        <source>bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The values after Softmax are attention probabilities: most are tiny, a few are large. The top chart counts them on a &lt;i&gt;log&lt;/i&gt; axis; the markers above are the values each quantizer can represent at the chosen width.&lt;/p&gt;&lt;p&gt;A &lt;b&gt;uniform&lt;/b&gt; grid spends its levels evenly and rounds almost everything to 0. &lt;b&gt;log2&lt;/b&gt; has levels at powers of two, dense near 0, but below its smallest power every value lands on one &lt;i&gt;floor&lt;/i&gt; level. &lt;b&gt;SULQ&lt;/b&gt; (I&amp;amp;S-ViT) shifts the input before the log2 step and rounds the result uniformly, so the small values keep distinct levels.&lt;/p&gt;&lt;p&gt;The paper finds log2 leaves a large share of the values on its floor level at 3 bits while SULQ does not, and SULQ has the lower error at every width.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the example: 3 bits, a middle block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample this site&apos;s values on calibration images of the float model and fit every quantizer at 2–8 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-Softmax site:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bits:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a post-Softmax site and press Fit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>post-Softmax value (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>values per bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean squared error (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>values on the floor level (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 levels at %2 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: MSE %2, %3 % on the floor level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 values in [%3, %4], %5 exact zeros (off the log axis). At %6 bits — %7.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunSetupPanel</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>builtin:&lt;name&gt;, arch:&lt;timm name&gt;, or a timm model folder (config.json + model.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation data: fashion-mnist, idx:&lt;dir&gt; or folder:&lt;dir&gt; (one sub-folder per class). Calibration draws from its train split when it has one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation images (0: the whole set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed: the same seed gives the same run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then analyse sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the run, quantize each site alone on 200 evaluation images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W / A bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every option back to the method&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize, evaluate float and quantized on the same images (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A data folder (one sub-folder per class, or IDX files)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W/A bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Δ vs FP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two runs to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting / result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select exactly two runs to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 against run %2; differing values are bold.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreenshotTour</name>
    <message>
        <source>%1: cannot create the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not start the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not start the next job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: could not write the screenshot</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SensitivityView</name>
    <message>
        <source>Run a quantization, then the sensitivity analysis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show worst </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-1 drop (points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>site SQNR (dB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQNR of the site&apos;s tensor (dB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-1 drop (pts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logits SQNR (dB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site SQNR (dB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sites on %2 images. Float top-1 %3 %, every site quantized %4 %. Each bar: that site quantized alone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ViTQuant Studio: quantize Vision Transformers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model to open (builtin:&lt;name&gt;, arch:&lt;name&gt; or a folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a small calibration on the built-in DeiT, write a PNG of each view into DIR, exit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
